package ai.enclave.runtime.model;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.CpuBackend;
import ai.enclave.runtime.backend.NaiveBackend;
import ai.enclave.runtime.backend.RopeTable;
import ai.enclave.runtime.model.ModelConfig.Family;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of every layer kind's backward pass: the loss is sum(r * out) for a fixed
 * random r, so d(loss)/d(out) = r; each input and weight is nudged by +-EPS at a few random places
 * and the central difference of the loss (summed in double) must match what backward wrote. fp32
 * forwards limit the precision, hence EPS = 1e-2 and a tolerance of 1e-2 relative plus 2e-3
 * absolute; a wrong term in a backward pass is off by far more. Runs on both backends.
 */
class FiniteDifferenceGradientTest {
    private static final float EPS = 1e-2f;
    private static final int PROBES = 6;

    private final Arena arena = Arena.ofShared();
    private final Rng rng = new Rng(21);

    @AfterEach
    void close() {
        arena.close();
    }

    static Stream<Backend> backends() {
        return Stream.of(new NaiveBackend(), new CpuBackend(2));
    }

    private MemorySegment random(long count, double scale) {
        MemorySegment s = arena.allocate(count * 4, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(JAVA_FLOAT, i, (float) (rng.nextGaussian() * scale));
        return s;
    }

    private MemorySegment zeros(long count) {
        return arena.allocate(count * 4, 64);
    }

    private MemorySegment ints(int... values) {
        MemorySegment s = arena.allocate(4L * values.length, 64);
        for (int i = 0; i < values.length; i++) s.setAtIndex(JAVA_INT, i, values[i]);
        return s;
    }

    /** sum(r * out) in double. */
    private static double dot(MemorySegment r, MemorySegment out, long count) {
        double s = 0;
        for (long i = 0; i < count; i++) s += (double) r.getAtIndex(JAVA_FLOAT, i) * out.getAtIndex(JAVA_FLOAT, i);
        return s;
    }

    /**
     * Nudges PROBES random elements of each input in turn; loss() reruns the forward. gradients[i]
     * holds backward's d(loss)/d(inputs[i]).
     */
    private void check(
            String what,
            MemorySegment[] inputs,
            long[] counts,
            MemorySegment[] gradients,
            java.util.function.DoubleSupplier loss) {
        check(what, inputs, counts, gradients, loss, PROBES);
    }

    private void check(
            String what,
            MemorySegment[] inputs,
            long[] counts,
            MemorySegment[] gradients,
            java.util.function.DoubleSupplier loss,
            int probes) {
        List<String> failures = new ArrayList<>();
        for (int t = 0; t < inputs.length; t++) {
            for (int p = 0; p < probes; p++) {
                long i = rng.nextInt((int) counts[t]);
                float original = inputs[t].getAtIndex(JAVA_FLOAT, i);
                inputs[t].setAtIndex(JAVA_FLOAT, i, original + EPS);
                double plus = loss.getAsDouble();
                inputs[t].setAtIndex(JAVA_FLOAT, i, original - EPS);
                double minus = loss.getAsDouble();
                inputs[t].setAtIndex(JAVA_FLOAT, i, original);
                double numeric = (plus - minus) / (2 * EPS);
                double analytic = gradients[t].getAtIndex(JAVA_FLOAT, i);
                if (Math.abs(numeric - analytic) > 1e-2 * Math.max(Math.abs(numeric), Math.abs(analytic)) + 2e-3)
                    failures.add(what + " input " + t + "[" + i + "]: numeric " + numeric + " analytic " + analytic);
            }
        }
        assertThat(failures).as(what).isEmpty();
    }

    private Transformer transformer(Backend be, ModelConfig config, int b, int t) {
        ParameterTensors params = new ParameterTensors(config, arena);
        return new Transformer(config, be, params, b, t, false, arena);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matmul_with_bias_gradients_match_finite_differences(Backend be) {
        int n = 5, ic = 7, oc = 6;
        Transformer tr = transformer(be, new ModelConfig(Family.GPT2, 8, 8, 1, 2, 2, 8, 8, 1e-5f, 0, 0, true), 1, 1);
        MemorySegment inp = random(n * ic, 1), w = random(oc * ic, 1), bias = random(oc, 1), r = random(n * oc, 1);
        MemorySegment out = zeros(n * oc), dinp = zeros(n * ic), dw = zeros(oc * ic), db = zeros(oc);
        tr.matmulBackward(dinp, dw, db, r, inp, w, n, ic, oc);
        check(
                "matmul",
                new MemorySegment[] {inp, w, bias},
                new long[] {n * ic, oc * ic, oc},
                new MemorySegment[] {dinp, dw, db},
                () -> {
                    tr.matmulForward(out, inp, w, bias, n, ic, oc);
                    return dot(r, out, n * oc);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void layer_norm_gradients_match_finite_differences_with_and_without_bias(Backend be) {
        int n = 4, c = 19;
        for (boolean withBias : new boolean[] {true, false}) {
            MemorySegment inp = random(n * c, 1), w = random(c, 1), b = withBias ? random(c, 1) : null;
            MemorySegment r = random(n * c, 1), out = zeros(n * c), mean = zeros(n), rstd = zeros(n);
            MemorySegment dinp = zeros(n * c), dw = zeros(c), db = withBias ? zeros(c) : null;
            be.layerNormForward(out, mean, rstd, inp, w, b, n, c, 1e-5f);
            be.layerNormBackward(dinp, dw, db, r, inp, w, mean, rstd, n, c);
            MemorySegment[] ins = withBias ? new MemorySegment[] {inp, w, b} : new MemorySegment[] {inp, w};
            MemorySegment[] grads = withBias ? new MemorySegment[] {dinp, dw, db} : new MemorySegment[] {dinp, dw};
            check("layerNorm bias=" + withBias, ins, new long[] {n * c, c, c}, grads, () -> {
                be.layerNormForward(out, mean, rstd, inp, w, b, n, c, 1e-5f);
                return dot(r, out, n * c);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rms_norm_gradients_match_finite_differences(Backend be) {
        int n = 4, c = 19;
        MemorySegment inp = random(n * c, 1), w = random(c, 1), r = random(n * c, 1);
        MemorySegment out = zeros(n * c), rstd = zeros(n), dinp = zeros(n * c), dw = zeros(c);
        be.rmsNormForward(out, rstd, inp, w, n, c, 1e-6f);
        be.rmsNormBackward(dinp, dw, r, inp, w, rstd, n, c);
        check("rmsNorm", new MemorySegment[] {inp, w}, new long[] {n * c, c}, new MemorySegment[] {dinp, dw}, () -> {
            be.rmsNormForward(out, rstd, inp, w, n, c, 1e-6f);
            return dot(r, out, n * c);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void gelu_and_swiglu_gradients_match_finite_differences(Backend be) {
        long count = 37;
        for (boolean tanh : new boolean[] {true, false}) {
            MemorySegment inp = random(count, 1.5), r = random(count, 1), out = zeros(count), din = zeros(count);
            be.geluBackward(din, inp, r, count, tanh);
            check("gelu tanh=" + tanh, new MemorySegment[] {inp}, new long[] {count}, new MemorySegment[] {din}, () -> {
                be.geluForward(out, inp, count, tanh);
                return dot(r, out, count);
            });
        }
        int n = 3, f = 11;
        MemorySegment inp = random(n * 2 * f, 1.5), r = random(n * f, 1), out = zeros(n * f), din = zeros(n * 2 * f);
        be.swigluBackward(din, inp, r, n, f);
        check("swiglu", new MemorySegment[] {inp}, new long[] {n * 2 * f}, new MemorySegment[] {din}, () -> {
            be.swigluForward(out, inp, n, f);
            return dot(r, out, n * f);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rope_gradient_is_the_inverse_rotation_and_matches_finite_differences(Backend be) {
        int n = 3, heads = 2, hs = 6, stride = heads * hs;
        MemorySegment positions = ints(0, 3, 17);
        MemorySegment x = random(n * stride, 1), r = random(n * stride, 1), y = zeros(n * stride);
        MemorySegment dx = zeros(n * stride);
        dx.copyFrom(r);
        RopeTable table = new RopeTable(10000f, hs, 18, arena);
        table.prepare(18);
        be.rope(dx, positions, n, stride, heads, hs, table, true);
        check("rope", new MemorySegment[] {x}, new long[] {n * stride}, new MemorySegment[] {dx}, () -> {
            y.copyFrom(x);
            be.rope(y, positions, n, stride, heads, hs, table, false);
            return dot(r, y, n * stride);
        });
    }

    static Stream<Object[]> attentionCases() {
        List<Object[]> cases = new ArrayList<>();
        for (Backend be : backends().toList()) {
            // T = 5 fits one query block of the attention products; T = 130 takes three, the last partial
            for (int t : new int[] {5, 130}) {
                cases.add(new Object[] {be, t, new ModelConfig(Family.GPT2, 8, 12, 1, 3, 3, 8, 8, 1e-5f, 0, 0, true)});
                cases.add(
                        new Object[] {be, t, new ModelConfig(Family.LLAMA, 8, 16, 1, 4, 2, 8, 8, 1e-5f, 1e4f, 0, false)
                        });
                cases.add(new Object[] {be, t, new ModelConfig(Family.MPT, 8, 12, 1, 3, 3, 8, 8, 1e-5f, 0, 8f, true)});
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} T={1} {2}")
    @MethodSource("attentionCases")
    void attention_gradients_match_finite_differences_for_multi_head_grouped_and_alibi(
            Backend be, int t, ModelConfig config) {
        int b = 2, qkvC = config.qkvChannels(), a = config.heads() * config.headSize();
        Transformer tr = transformer(be, config, b, t);
        long nQkv = (long) b * t * qkvC, nOut = (long) b * t * a, nAtt = (long) b * config.heads() * t * t;
        MemorySegment qkv = random(nQkv, 1), r = random(nOut, 1), out = zeros(nOut), att = zeros(nAtt);
        MemorySegment dqkv = zeros(nQkv), datt = zeros(nAtt);
        tr.attentionForward(out, att, qkv, b, t);
        tr.attentionBackward(dqkv, datt, r, qkv, att, b, t);
        check(
                "attention " + config.family() + " T=" + t,
                new MemorySegment[] {qkv},
                new long[] {nQkv},
                new MemorySegment[] {dqkv},
                () -> {
                    tr.attentionForward(out, att, qkv, b, t);
                    return dot(r, out, nOut);
                },
                30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void cross_entropy_and_embedding_gradients_match_finite_differences(Backend be) {
        int n = 4, v = 13, c = 5, maxT = 3;
        MemorySegment logits = random(n * v, 2), targets = ints(3, -1, 12, 0), losses = zeros(n);
        MemorySegment d = zeros(n * v), lse = zeros(n);
        d.copyFrom(logits);
        be.crossEntropyForward(losses, lse, logits, targets, n, v);
        be.crossEntropyBackward(d, lse, targets, n, v, 0.5f);
        check("cross-entropy", new MemorySegment[] {logits}, new long[] {n * v}, new MemorySegment[] {d}, () -> {
            be.crossEntropyForward(losses, zeros(n), logits, targets, n, v);
            double s = 0;
            for (int i = 0; i < n; i++) s += 0.5 * losses.getAtIndex(JAVA_FLOAT, i);
            return s;
        });
        MemorySegment tokens = ints(3, 1, 3, 7), positions = ints(0, 1, 2, 0);
        MemorySegment wte = random(v * c, 1), wpe = random(maxT * c, 1), r = random(n * c, 1), out = zeros(n * c);
        MemorySegment dwte = zeros(v * c), dwpe = zeros(maxT * c);
        be.embeddingBackward(dwte, dwpe, r, tokens, positions, n, c);
        check(
                "embedding",
                new MemorySegment[] {wte, wpe},
                new long[] {v * c, maxT * c},
                new MemorySegment[] {dwte, dwpe},
                () -> {
                    be.embeddingForward(out, tokens, positions, wte, wpe, n, c);
                    return dot(r, out, n * c);
                });
    }
}
