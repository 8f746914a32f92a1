package io.github.broadleafmeta.benchmarks.drain;

/** The SDK's version from its jar's Maven metadata. */
final class BenchSdk {

    private BenchSdk() {
    }

    static String version() {
        try (java.io.InputStream in = com.facebook.ads.sdk.APIContext.class.getResourceAsStream(
                "/META-INF/maven/com.facebook.business.sdk/facebook-java-business-sdk/pom.properties")) {
            java.util.Properties props = new java.util.Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
