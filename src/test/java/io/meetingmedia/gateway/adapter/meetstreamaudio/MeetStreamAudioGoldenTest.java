package io.meetingmedia.gateway.adapter.meetstreamaudio;

import io.meetingmedia.gateway.adapter.golden.GoldenFixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture in {@code fixtures/meetstream-audio/}: documented wire shapes in, expected envelopes, replies
 * and refusals out.
 */
class MeetStreamAudioGoldenTest {

  static Stream<String> cases() {
    return GoldenFixtures.cases(MeetStreamAudioAdapter.NAME);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fixture(String name) throws Exception {
    GoldenFixtures.verify(new MeetStreamAudioAdapter(), name);
  }
}
