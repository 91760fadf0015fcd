package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.SimStats;
import io.meetingmedia.gateway.simulator.media.MediaLibrary;

/**
 * What a protocol needs to script one bot's connections.
 *
 * @param index   bot number, from 0
 * @param runTag  short random tag of this run, part of every id
 * @param options the command line
 * @param media   shared, pre-encoded media
 * @param stats   run counters (for pong ledgers)
 */
public record BotContext(int index, String runTag, SimulatorOptions options, MediaLibrary media, SimStats stats) {
}
