package org.contrastive4j.tensor;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;

/**
 * The device every array of the library lives on, and where its managers come from: the CPU,
 * unless the system property {@code c4j.device} says {@code gpu} or {@code gpu:N}, which needs
 * DJL's CUDA build of libtorch on the classpath in place of {@code pytorch-native-cpu}.
 * Loading this class also makes DJL offline by default (nothing is downloaded at run time;
 * libtorch comes from the classpath), unless {@code ai.djl.offline} was set.
 */
public final class Devices {
    public static final String PROPERTY = "c4j.device";

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private Devices() {}

    /** The device {@code c4j.device} names (default cpu); a GPU that is not there is an error naming what to add. */
    public static Device device() {
        String name = System.getProperty(PROPERTY, "cpu").trim().toLowerCase(java.util.Locale.ROOT);
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (!name.matches("gpu(:\\d+)?")) {
            throw new InvalidInputException(PROPERTY + " must be cpu, gpu or gpu:N, got '" + name + "'");
        }
        int id = name.contains(":") ? Integer.parseInt(name.substring(4)) : 0;
        int gpus = Engine.getInstance().getGpuCount();
        if (id >= gpus) {
            throw new InvalidInputException(PROPERTY + "=" + name + " asks for CUDA device " + id + " but libtorch sees " + gpus
                    + " GPU(s): put ai.djl.pytorch:pytorch-native-cu128 (with its classifier) in place of pytorch-native-cpu, "
                    + "on a machine with CUDA");
        }
        return Device.gpu(id);
    }

    /** A new root manager on {@link #device()}; every array the library makes comes from one of these or their children. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(device());
    }
}
