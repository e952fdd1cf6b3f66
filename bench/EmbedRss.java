import org.contrastive4j.encoder.TextModel;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Resident memory of inference alone, as a server's batches change shape: all-MiniLM-L6-v2 embeds
 * BATCHES batches of seeded random token ids (1-32 rows of 2-80 tokens, as a dynamic batcher makes
 * them; "fixed" for 16 x 40 every time), and every EVERY batches prints the batch number, VmRSS
 * (MiB), seconds so far and the JVM's direct buffers (MiB), which are freed by the garbage collector
 * and not by the allocator. Usage: EmbedRss BATCHES EVERY SEED [random|fixed]
 */
public class EmbedRss {
    public static void main(String[] args) throws Exception {
        int batches = Integer.parseInt(args[0]);
        int every = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        boolean fixed = args.length > 3 && args[3].equals("fixed");
        System.out.println("batch\trss_mib\tseconds\tdirect_mib");
        try (TextModel model = TextModel.miniLm()) {
            long start = System.nanoTime();
            for (int i = 1; i <= batches; i++) {
                long[][] tokens = new long[fixed ? 16 : 1 + random.nextInt(32)][];
                for (int j = 0; j < tokens.length; j++) {
                    int length = fixed ? 40 : 2 + random.nextInt(79);
                    tokens[j] = new long[length];
                    tokens[j][0] = 101;
                    tokens[j][length - 1] = 102;
                    for (int k = 1; k < length - 1; k++) {
                        tokens[j][k] = 1000 + random.nextInt(20000);
                    }
                }
                model.embedAllTokens(tokens, tokens.length, true);
                if (i % every == 0) {
                    System.out.printf(Locale.ROOT, "%d\t%d\t%.1f\t%d%n", i, residentMiB(), (System.nanoTime() - start) / 1e9, directMiB());
                }
            }
        }
    }

    private static long residentMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static long directMiB() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream().filter(p -> p.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum() >> 20;
    }
}
