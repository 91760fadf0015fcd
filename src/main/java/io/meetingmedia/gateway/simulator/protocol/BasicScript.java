package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.SendContext;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A connection script assembled from lists: what most protocols need. */
class BasicScript implements ConnectionScript {
  private final String botId;
  private final String label;
  private final List<Function<SendContext, OutMessage>> opening = new ArrayList<>();
  private final List<StreamSpec> streams = new ArrayList<>();
  private final List<Function<SendContext, OutMessage>> closing = new ArrayList<>();

  BasicScript(String botId, String label) {
    this.botId = botId;
    this.label = label;
  }

  BasicScript onOpen(Function<SendContext, OutMessage> message) {
    opening.add(message);
    return this;
  }

  BasicScript stream(StreamSpec stream) {
    streams.add(stream);
    return this;
  }

  BasicScript onClose(Function<SendContext, OutMessage> message) {
    closing.add(message);
    return this;
  }

  @Override
  public String botId() {
    return botId;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public List<OutMessage> opening(SendContext context) {
    List<OutMessage> out = new ArrayList<>();
    opening.forEach(f -> out.add(f.apply(context)));
    return out;
  }

  @Override
  public List<StreamSpec> streams() {
    return List.copyOf(streams);
  }

  @Override
  public List<OutMessage> closing(SendContext context) {
    List<OutMessage> out = new ArrayList<>();
    closing.forEach(f -> out.add(f.apply(context)));
    return out;
  }
}
