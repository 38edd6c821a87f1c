package org.dsodenet.odenet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelConfigTest {
    @Test
    void jsonRoundTrip() {
        ModelConfig c = ModelConfig.defaults(Arch.ODENET).withChannels(new int[] {4, 6, 9}).withSteps(3, 0.5)
                .withTimeChannel(true).withDownsample(Downsample.DSCONV).withInput(3, 32, 7);
        assertEquals(c, ModelConfig.fromJson(c.toJsonString()));
    }

    @Test
    void missingKeysTakeDefaults() {
        ModelConfig c = ModelConfig.fromJson("{\"arch\": \"resnet\", \"steps\": 2}");
        assertEquals(Arch.RESNET, c.arch());
        assertEquals(2, c.steps());
        assertEquals(28, c.inputSize());
    }

    @Test
    void badConfigsAreOneLineErrors() {
        for (String bad : new String[] {"{", "[1]", "{\"arch\": \"vgg\"}", "{\"chanels\": [1,2,3]}",
                "{\"channels\": [1,2]}", "{\"steps\": 0}", "{\"steps\": 2.5}", "{\"stepSize\": -1}",
                "{\"timeChannel\": \"yes\"}", "{\"channels\": \"x\"}", "{\"format\": 9}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson(bad), bad);
            assertTrue(e.getMessage().startsWith("model config"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
