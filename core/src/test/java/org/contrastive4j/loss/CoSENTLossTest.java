package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.similarity.AngleSimilarity;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * CoSENT and AnglE: hand values, float64 references computed by PyTorch 1.13 with
 * sentence-transformers' formulas ({@code CoSENTLoss}, {@code pairwise_angle_sim}; seed 7,
 * scores 0.1, 0.9, 0.5, 0.5 with a tie), and finite-difference gradients.
 */
class CoSENTLossTest extends NdTest {
    private static final float[] SCORES = {0.1f, 0.9f, 0.5f, 0.5f};
    private static final double[] E1_D6 = {0.06626753966449943, 0.04699155524392409, 1.8365386300294015, 1.367690398536778, 1.1213586638784168, 1.859747196003376, 0.6012290027805237, 0.7378295754101417, -1.3131496578292892, -0.3280001761367003, -1.3521685881505834, 1.7951074839458658, 0.20119992138810813, 2.333376707301315, -0.10278224015366183, -0.2497246860750079, -1.6677291342328766, -1.5870322969308357, 2.03026332869622, 0.6596523264462502, 0.5090420296776137, 0.9426794393552231, -1.226167282392128, 0.35080627315340857};
    private static final double[] E2_D6 = {-0.9616368217950791, 0.8077357110050535, 0.9260650322729287, -0.8171477122306512, 0.17652260805265782, 0.528966314057375, -0.7050516511204795, 0.8267190175662144, -0.3225976433994464, 0.2546306881185898, -0.25429147515013184, 1.0885145540738355, -0.5353489725617118, -0.8100385030760908, -0.8180754920535276, -0.05970588749567211, 1.380471285391596, 1.1961309178087804, 0.7343127212250506, -0.20718236993031286, 1.096496342929667, -0.3373714686427381, 0.41816242131728704, 1.200821341924654};
    private static final double[] E1_D5 = {1.1967129956999676, 0.16350058685014293, -1.2235604456898856, -1.027332272758184, -1.2898057984746294, -0.3177029286733935, -1.4988452603650364, -1.2314228776158174, 0.8268148086700943, -0.17711577810315707, -0.9566542270354491, 0.5644684226274014, -1.363698145107556, -0.7468996957478627, -0.027979569813946302, -2.023271285295712, -0.8427428762061318, -0.7809729346764519, -1.7972222904238182, -1.1012185704729487};
    private static final double[] E2_D5 = {0.9328425816370892, 2.203754129021856, 1.5534161588172215, 0.474969426420466, -0.78205703909012, -0.5882761607137017, 0.9208247845657692, -0.9157911692187868, -0.550118396328404, 0.5450495775268092, -1.6955851734378158, -0.9257975597310975, -0.09627563563543003, -1.2770156622732152, -1.7418810145069403, -0.5883791917756378, 1.7513049284886235, 0.7301346780500187, 0.06537974396226164, -0.9401617180903822};

    @Test
    void handComputed() {
        // Pair 0 identical (cos 1), pair 1 orthogonal (cos 0), scores 0 < 1: one term exp(s_0 - s_1) = e at scale 1.
        NDArray first = nd(new double[][] {{1, 0}, {1, 0}});
        NDArray second = nd(new double[][] {{1, 0}, {0, 1}});
        assertEquals(Math.log(1 + Math.E), value(new CoSENTLoss(1).forward(first, second, new float[] {0, 1})), 1e-12);
        assertEquals(Math.log(1 + Math.exp(-20)), value(new CoSENTLoss().forward(first, second, new float[] {1, 0})), 1e-12,
                "ordered the right way: a term near 0");
        assertEquals(0.0, value(new CoSENTLoss().forward(first, second, new float[] {0.5f, 0.5f})), 0.0, "a tie orders nothing");
    }

    @Test
    void matchesSentenceTransformersInPyTorch() {
        assertEquals(22.59932910226926, value(new CoSENTLoss(20).forward(nd(E1_D6, 4, 6), nd(E2_D6, 4, 6), SCORES)), 1e-10);
        assertEquals(1.9120663096832005, value(new CoSENTLoss(1).forward(nd(E1_D6, 4, 6), nd(E2_D6, 4, 6), SCORES)), 1e-12);
        assertEquals(4.926134369751769, value(new AnglELoss(20).forward(nd(E1_D6, 4, 6), nd(E2_D6, 4, 6), SCORES)), 1e-10);
        assertEquals(1.6870015948338968, value(new AnglELoss(1).forward(nd(E1_D6, 4, 6), nd(E2_D6, 4, 6), SCORES)), 1e-12);
        assertArrayEquals(new double[] {0.36454488104064864, 0.6272798581877819, 0.8731623340677691, 0.5183885043190409},
                new AngleSimilarity().score(nd(E1_D6, 4, 6), nd(E2_D6, 4, 6)).toDoubleArray(), 1e-12);
        // an odd dimension is padded with a zero, as sentence-transformers does
        assertEquals(11.616165249279055, value(new CoSENTLoss(20).forward(nd(E1_D5, 4, 5), nd(E2_D5, 4, 5), SCORES)), 1e-10);
        assertEquals(9.048646567938714, value(new AnglELoss(20).forward(nd(E1_D5, 4, 5), nd(E2_D5, 4, 5), SCORES)), 1e-10);
        assertArrayEquals(new double[] {0.5806736933497247, 0.17980701527623064, 0.5932761286395312, 0.21280583445906118},
                new AngleSimilarity().score(nd(E1_D5, 4, 5), nd(E2_D5, 4, 5)).toDoubleArray(), 1e-12);
    }

    @Test
    void angleMatrixScoresEveryPair() {
        NDArray m = new AngleSimilarity().matrix(nd(E1_D6, 4, 6), nd(E2_D6, 4, 6));
        assertEquals(new Shape(4, 4), m.getShape());
        double[] diagonal = new AngleSimilarity().score(nd(E1_D6, 4, 6), nd(E2_D6, 4, 6)).toDoubleArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(diagonal[i], m.getDouble(i, i), 1e-12);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(E1_D6, E2_D6), List.of(new Shape(4, 6), new Shape(4, 6)),
                x -> new CoSENTLoss(5).forward(x.get(0), x.get(1), SCORES)));
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(E1_D5, E2_D5), List.of(new Shape(4, 5), new Shape(4, 5)),
                x -> new AnglELoss(5).forward(x.get(0), x.get(1), SCORES)));
    }

    @Test
    void badInputsGetClearErrors() {
        NDArray a = nd(E1_D6, 4, 6);
        messageContains(assertThrows(InvalidInputException.class, () -> new CoSENTLoss().forward(a, a, new float[] {1, 2})),
                "CoSENT", "4 pairs but 2 scores");
        messageContains(assertThrows(InvalidInputException.class, () -> new AnglELoss().forward(a, a, new float[] {1, Float.NaN, 0, 0})),
                "AnglE", "pair 1", "NaN");
        messageContains(assertThrows(InvalidInputException.class, () -> new CoSENTLoss().forward(a, nd(E1_D5, 4, 5), SCORES)), "[4][5]");
        messageContains(assertThrows(InvalidInputException.class, () -> new CoSENTLoss(0)), "scale");
    }
}
