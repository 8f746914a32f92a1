package io.github.broadleafmeta.core.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A coarse guard against an accidental slowdown of two orders of magnitude (a regex compiled per call or per
 * character, tables rebuilt per call): 50,000 normalizations of a full customer must fit in fifteen seconds, 300 µs
 * each, where the benchmark measures about 4 µs; the bound is loose because the build machine's cores are shared.
 * How fast it is belongs to {@code HashingBenchmark.userData_ours} (./bench.sh hashing; docs/PERFORMANCE.md).
 */
class UserDataNormalizerTimingTest {

    @Test
    void shouldNormalizeAndHashElevenFieldsFiftyThousandTimesWithinFifteenSecondsWhenWarm() {
        UserDataNormalizer n = new UserDataNormalizer(NormalizerConfig.ofDefaults());
        CustomerInfo info = CustomerInfo.builder()
                .email("John_Smith@gmail.com").phone("(650) 555-1212").firstName("Valéry").lastName("Smith")
                .gender("m").dateOfBirth("2/16/1997").city("New York").state("New York").zip("10001-1234")
                .country("United States").externalId("cust-42").clientIpAddress("203.0.113.5")
                .clientUserAgent("Mozilla/5.0").fbp("fb.1.1596403881668.1116446470").build();
        int sink = 0;
        for (int i = 0; i < 50_000; i++) {
            sink += n.normalize(info).userData().hashed().size();
        }
        int rounds = 50_000;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += n.normalize(info).userData().hashed().size();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(sink).as("hashed fields over both loops").isEqualTo(2 * rounds * 11);
        assertThat(millis).as("ms for %d normalizations", rounds).isLessThan(15_000L);
    }
}
