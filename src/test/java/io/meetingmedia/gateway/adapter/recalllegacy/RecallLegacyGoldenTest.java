package io.meetingmedia.gateway.adapter.recalllegacy;

import io.meetingmedia.gateway.adapter.golden.GoldenFixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture in {@code fixtures/recall-legacy/}: documented wire shapes in, expected envelopes, replies and refusals
 * out.
 */
class RecallLegacyGoldenTest {

  static Stream<String> cases() {
    return GoldenFixtures.cases(RecallLegacyAdapter.NAME);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fixture(String name) throws Exception {
    GoldenFixtures.verify(new RecallLegacyAdapter(), name);
  }
}
