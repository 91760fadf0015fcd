package io.meetingmedia.gateway.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.meetingmedia.gateway.adapter.golden.FixtureFiles;
import io.meetingmedia.gateway.adapter.golden.GoldenCheck;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case of every vendor ({@code src/test/resources/fixtures/<vendor>/<case>.*}, layout in the README
 * there) through a fresh session of that vendor's adapter from {@link VendorRegistry}: one convention, so a new
 * vendor or case needs files only, no test class.
 */
class AdapterGoldenTest {
  private static final VendorRegistry REGISTRY = VendorRegistry.builtIn();

  static Stream<Arguments> cases() {
    return FixtureFiles.vendors().stream()
        .flatMap(vendor -> FixtureFiles.cases(vendor).stream().map(name -> Arguments.of(vendor, name)));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("cases")
  void fixture(String vendor, String name) throws Exception {
    VendorAdapter adapter = REGISTRY.find(vendor)
        .orElseThrow(() -> new AssertionError("fixtures/" + vendor + " is not a registered vendor"));
    GoldenCheck.verify(adapter, name);
  }

  @Test
  void everyRegisteredVendorHasFixtures() {
    assertEquals(new TreeSet<>(REGISTRY.names()), new TreeSet<>(FixtureFiles.vendors()),
        "one fixture folder per registered vendor");
    for (String vendor : REGISTRY.names()) {
      List<String> names = FixtureFiles.cases(vendor);
      assertFalse(names.isEmpty(), "no golden cases for " + vendor);
    }
  }
}
