package org.contrastive4j.cli;

/**
 * Process-wide settings applied before DJL loads: nothing is downloaded at run time (the
 * PyTorch native library comes from the classpath), and the engine's chatter stays at warnings.
 * A property the user set on the command line wins.
 */
final class DjlDefaults {
    private DjlDefaults() {}

    static void configure() {
        setDefault("ai.djl.offline", "true");
        setDefault("java.awt.headless", "true");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // DJL probes for CUDA on start-up and warns when there is none; that is the normal case here.
        setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
