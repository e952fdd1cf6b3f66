package org.contrastive4j.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Managers come from one place, on the CPU unless c4j.device asks otherwise; a GPU that is not there is named. */
class DevicesTest {
    @AfterEach
    void clear() {
        System.clearProperty(Devices.PROPERTY);
    }

    @Test
    void theCpuByDefault() {
        try (NDManager m = Devices.newManager()) {
            assertEquals(Device.cpu(), m.getDevice());
            assertEquals(Device.cpu(), m.create(new float[] {1, 2}).getDevice());
        }
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    @Test
    void aMissingGpuOrAnUnknownDeviceIsNamed() {
        System.setProperty(Devices.PROPERTY, "gpu:3");
        messageContains(assertThrows(InvalidInputException.class, Devices::device), "CUDA device 3", "pytorch-native-cu128");
        System.setProperty(Devices.PROPERTY, "tpu");
        messageContains(assertThrows(InvalidInputException.class, Devices::device), "cpu, gpu or gpu:N", "tpu");
    }
}
