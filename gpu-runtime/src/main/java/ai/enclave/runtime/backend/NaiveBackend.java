package ai.enclave.runtime.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The reference implementation of every {@link Backend} primitive: plain scalar loops, one thread,
 * the math written out the way llm.c writes it. Kept forever; every fast path is tested against it.
 * Not meant to be fast.
 */
public final class NaiveBackend implements Backend {

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public int threads() {
        return 1;
    }

    static float get(MemorySegment s, long i) {
        return s.getAtIndex(JAVA_FLOAT, i);
    }

    static void set(MemorySegment s, long i, float v) {
        s.setAtIndex(JAVA_FLOAT, i, v);
    }

    @Override
    public void gemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            MemorySegment a,
            int lda,
            MemorySegment b,
            int ldb,
            float beta,
            MemorySegment c,
            int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? get(a, (long) p * lda + i) : get(a, (long) i * lda + p);
                    float bv = transB ? get(b, (long) j * ldb + p) : get(b, (long) p * ldb + j);
                    sum += (double) av * bv;
                }
                long ci = (long) i * ldc + j;
                float old = beta == 0f ? 0f : beta * get(c, ci);
                set(c, ci, (float) (alpha * sum + old));
            }
        }
    }

    @Override
    public void gemmBatched(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            MemorySegment a,
            long[] aOffsets,
            int lda,
            MemorySegment b,
            long[] bOffsets,
            int ldb,
            float beta,
            MemorySegment c,
            long[] cOffsets,
            int ldc,
            int count) {
        for (int i = 0; i < count; i++) {
            gemm(
                    transA,
                    transB,
                    m,
                    n,
                    k,
                    alpha,
                    a.asSlice(aOffsets[i] * 4),
                    lda,
                    b.asSlice(bOffsets[i] * 4),
                    ldb,
                    beta,
                    c.asSlice(cOffsets[i] * 4),
                    ldc);
        }
    }

    /** The reference keeps the row-major layout: packing changes nothing. */
    @Override
    public void packWeights(MemorySegment w, int n, int k) {}

    @Override
    public void gemmPackedWeights(
            int m,
            int n,
            int k,
            ProductRows a,
            MemorySegment w,
            MemorySegment bias,
            MemorySegment c,
            int ldc,
            MemorySegment residual) {
        if (a instanceof ProductRows.Given given) {
            gemm(false, true, m, n, k, 1f, given.a(), given.lda(), w, k, 0f, c, ldc);
        } else {
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment made = scratch.allocate(4L * m * k), stats = scratch.allocate(8L * m);
                switch (a) {
                    case ProductRows.RmsNormed r -> rmsNormForward(made, stats, r.x(), r.weight(), m, k, r.eps());
                    case ProductRows.LayerNormed r ->
                        layerNormForward(
                                made, stats, stats.asSlice(4L * m), r.x(), r.weight(), r.bias(), m, k, r.eps());
                    case ProductRows.SwiGlu r -> swigluForward(made, r.gateUp(), m, k);
                    case ProductRows.Gelu r -> geluForward(made, r.pre(), (long) m * k, r.tanhApproximation());
                    case ProductRows.Given g -> throw new IllegalStateException("handled above");
                }
                gemm(false, true, m, n, k, 1f, made, k, w, k, 0f, c, ldc);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long at = (long) i * ldc + j;
                if (bias != null) set(c, at, get(c, at) + get(bias, j));
                if (residual != null) set(residual, at, get(residual, at) + get(c, at));
            }
        }
    }

    @Override
    public void embeddingForward(
            MemorySegment out,
            MemorySegment tokens,
            MemorySegment positions,
            MemorySegment wte,
            MemorySegment wpe,
            int n,
            int c) {
        for (int row = 0; row < n; row++) {
            long tok = tokens.getAtIndex(JAVA_INT, row);
            long pos = positions.getAtIndex(JAVA_INT, row);
            for (int i = 0; i < c; i++) {
                float v = get(wte, tok * c + i);
                if (wpe != null) v += get(wpe, pos * c + i);
                set(out, (long) row * c + i, v);
            }
        }
    }

    @Override
    public void embeddingBackward(
            MemorySegment dwte,
            MemorySegment dwpe,
            MemorySegment dout,
            MemorySegment tokens,
            MemorySegment positions,
            int n,
            int c) {
        for (int row = 0; row < n; row++) {
            long tok = tokens.getAtIndex(JAVA_INT, row);
            long pos = positions.getAtIndex(JAVA_INT, row);
            for (int i = 0; i < c; i++) {
                float d = get(dout, (long) row * c + i);
                set(dwte, tok * c + i, get(dwte, tok * c + i) + d);
                if (dwpe != null) set(dwpe, pos * c + i, get(dwpe, pos * c + i) + d);
            }
        }
    }

    @Override
    public void addBias(MemorySegment out, MemorySegment bias, int n, int oc) {
        for (int row = 0; row < n; row++) {
            for (int o = 0; o < oc; o++) {
                long i = (long) row * oc + o;
                set(out, i, get(out, i) + get(bias, o));
            }
        }
    }

    @Override
    public void biasBackward(MemorySegment dbias, MemorySegment dout, int n, int oc) {
        for (int o = 0; o < oc; o++) {
            double sum = 0;
            for (int row = 0; row < n; row++) sum += get(dout, (long) row * oc + o);
            set(dbias, o, (float) (get(dbias, o) + sum));
        }
    }

    @Override
    public void add(MemorySegment out, MemorySegment a, MemorySegment b, long count) {
        for (long i = 0; i < count; i++) set(out, i, get(a, i) + get(b, i));
    }

    @Override
    public void layerNormForward(
            MemorySegment out,
            MemorySegment mean,
            MemorySegment rstd,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment bias,
            int n,
            int c,
            float eps) {
        for (int row = 0; row < n; row++) {
            long base = (long) row * c;
            double m = 0;
            for (int i = 0; i < c; i++) m += get(inp, base + i);
            m /= c;
            double var = 0;
            for (int i = 0; i < c; i++) {
                double d = get(inp, base + i) - m;
                var += d * d;
            }
            var /= c;
            double s = 1.0 / Math.sqrt(var + eps);
            for (int i = 0; i < c; i++) {
                double norm = (get(inp, base + i) - m) * s;
                double o = norm * get(weight, i) + (bias == null ? 0 : get(bias, i));
                set(out, base + i, (float) o);
            }
            set(mean, row, (float) m);
            set(rstd, row, (float) s);
        }
    }

    @Override
    public void layerNormBackward(
            MemorySegment dinp,
            MemorySegment dweight,
            MemorySegment dbias,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment mean,
            MemorySegment rstd,
            int n,
            int c) {
        for (int row = 0; row < n; row++) {
            long base = (long) row * c;
            float m = get(mean, row);
            float s = get(rstd, row);
            // two reductions: mean of dnorm and mean of dnorm * norm
            double dnormMean = 0;
            double dnormNormMean = 0;
            for (int i = 0; i < c; i++) {
                double norm = (get(inp, base + i) - m) * s;
                double dnorm = (double) get(weight, i) * get(dout, base + i);
                dnormMean += dnorm;
                dnormNormMean += dnorm * norm;
            }
            dnormMean /= c;
            dnormNormMean /= c;
            for (int i = 0; i < c; i++) {
                double norm = (get(inp, base + i) - m) * s;
                float d = get(dout, base + i);
                double dnorm = (double) get(weight, i) * d;
                if (dbias != null) set(dbias, i, get(dbias, i) + d);
                set(dweight, i, (float) (get(dweight, i) + norm * d));
                double dval = (dnorm - dnormMean - norm * dnormNormMean) * s;
                set(dinp, base + i, (float) (get(dinp, base + i) + dval));
            }
        }
    }

    @Override
    public void rmsNormForward(
            MemorySegment out, MemorySegment rstd, MemorySegment inp, MemorySegment weight, int n, int c, float eps) {
        for (int row = 0; row < n; row++) {
            long base = (long) row * c;
            double ms = 0;
            for (int i = 0; i < c; i++) {
                double x = get(inp, base + i);
                ms += x * x;
            }
            ms /= c;
            double s = 1.0 / Math.sqrt(ms + eps);
            for (int i = 0; i < c; i++) set(out, base + i, (float) (get(inp, base + i) * s * get(weight, i)));
            set(rstd, row, (float) s);
        }
    }

    @Override
    public void rmsNormBackward(
            MemorySegment dinp,
            MemorySegment dweight,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment rstd,
            int n,
            int c) {
        for (int row = 0; row < n; row++) {
            long base = (long) row * c;
            float s = get(rstd, row);
            // d(x * s) with s = (mean(x^2) + eps)^-1/2: dx = s * (dnorm - norm * mean(dnorm * norm))
            double dnormNormMean = 0;
            for (int i = 0; i < c; i++) {
                double norm = get(inp, base + i) * s;
                dnormNormMean += (double) get(weight, i) * get(dout, base + i) * norm;
            }
            dnormNormMean /= c;
            for (int i = 0; i < c; i++) {
                double norm = get(inp, base + i) * s;
                float d = get(dout, base + i);
                double dnorm = (double) get(weight, i) * d;
                set(dweight, i, (float) (get(dweight, i) + norm * d));
                set(dinp, base + i, (float) (get(dinp, base + i) + s * (dnorm - norm * dnormNormMean)));
            }
        }
    }

    @Override
    public void geluForward(MemorySegment out, MemorySegment inp, long count, boolean tanhApproximation) {
        for (long i = 0; i < count; i++) {
            double x = get(inp, i);
            set(out, i, (float) (tanhApproximation ? GeluMath.tanhGelu(x) : GeluMath.erfGelu(x)));
        }
    }

    @Override
    public void geluBackward(
            MemorySegment dinp, MemorySegment inp, MemorySegment dout, long count, boolean tanhApproximation) {
        for (long i = 0; i < count; i++) {
            double x = get(inp, i);
            double grad = tanhApproximation ? GeluMath.tanhGeluGrad(x) : GeluMath.erfGeluGrad(x);
            set(dinp, i, (float) (grad * get(dout, i)));
        }
    }

    @Override
    public void swigluForward(MemorySegment out, MemorySegment inp, int n, int f) {
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < f; i++) {
                double g = get(inp, (long) row * 2 * f + i);
                double u = get(inp, (long) row * 2 * f + f + i);
                double sig = 1.0 / (1.0 + Math.exp(-g));
                set(out, (long) row * f + i, (float) (g * sig * u));
            }
        }
    }

    @Override
    public void swigluBackward(MemorySegment dinp, MemorySegment inp, MemorySegment dout, int n, int f) {
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < f; i++) {
                long gi = (long) row * 2 * f + i;
                double g = get(inp, gi);
                double u = get(inp, gi + f);
                double d = get(dout, (long) row * f + i);
                double sig = 1.0 / (1.0 + Math.exp(-g));
                // out = g * sig(g) * u; d/dg = sig * (1 + g * (1 - sig)) * u; d/du = g * sig
                set(dinp, gi, (float) (d * u * sig * (1 + g * (1 - sig))));
                set(dinp, gi + f, (float) (d * g * sig));
            }
        }
    }

    @Override
    public void rope(
            MemorySegment x,
            MemorySegment positions,
            int n,
            int rowStride,
            int heads,
            int hs,
            RopeTable table,
            boolean inverse) {
        int half = hs / 2;
        for (int row = 0; row < n; row++) {
            long angles = table.row(positions.getAtIndex(JAVA_INT, row));
            for (int i = 0; i < half; i++) {
                float cos = get(table.cos, angles + i);
                float sin = inverse ? -get(table.sin, angles + i) : get(table.sin, angles + i);
                for (int h = 0; h < heads; h++) {
                    long i1 = (long) row * rowStride + (long) h * hs + i;
                    float x1 = get(x, i1);
                    float x2 = get(x, i1 + half);
                    set(x, i1, x1 * cos - x2 * sin);
                    set(x, i1 + half, x2 * cos + x1 * sin);
                }
            }
        }
    }

    @Override
    public void causalSoftmaxForward(
            MemorySegment att, int blocks, int t, int tk, int queryOffset, float[] alibiSlopes, int heads) {
        for (int bk = 0; bk < blocks; bk++) {
            float slope = alibiSlopes == null ? 0f : alibiSlopes[bk % heads];
            for (int row = 0; row < t; row++) {
                long base = ((long) bk * t + row) * tk;
                int last = Math.min(row + queryOffset, tk - 1);
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= last; j++) {
                    float s = get(att, base + j) + slope * (j - (row + queryOffset));
                    set(att, base + j, s);
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j <= last; j++) sum += Math.exp(get(att, base + j) - max);
                for (int j = 0; j < tk; j++) {
                    set(att, base + j, j <= last ? (float) (Math.exp(get(att, base + j) - max) / sum) : 0f);
                }
            }
        }
    }

    @Override
    public void attentionDecode(
            int count,
            int[] rows,
            int[] lengths,
            MemorySegment q,
            int ldq,
            MemorySegment k,
            MemorySegment v,
            long[] kvOffsets,
            int kvStride,
            MemorySegment y,
            int ldy,
            int heads,
            int kvHeads,
            int hs,
            float scale,
            float[] alibiSlopes,
            RopeTable rope,
            MemorySegment att) {
        int group = heads / kvHeads;
        for (int i = 0; i < count; i++) {
            int len = lengths[i];
            MemorySegment row = q.asSlice((long) rows[i] * ldq * 4);
            if (rope != null)
                rope(row, MemorySegment.ofArray(new int[] {len - 1}), 1, ldq, heads + kvHeads, hs, rope, false);
            for (int d = 0; d < kvHeads * hs; d++) {
                long at = kvOffsets[i] + (long) (len - 1) * kvStride + d;
                set(k, at, get(row, (long) heads * hs + d));
                set(v, at, get(row, (long) (heads + kvHeads) * hs + d));
            }
            for (int h = 0; h < heads; h++) {
                long qh = (long) rows[i] * ldq + (long) h * hs, yh = (long) rows[i] * ldy + (long) h * hs;
                long kvh = kvOffsets[i] + (long) (h / group) * hs;
                float slope = alibiSlopes == null ? 0f : alibiSlopes[h];
                double[] scores = new double[len];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < len; p++) {
                    double dot = 0;
                    for (int d = 0; d < hs; d++) dot += (double) get(q, qh + d) * get(k, kvh + (long) p * kvStride + d);
                    scores[p] = scale * dot + slope * (p - (len - 1));
                    max = Math.max(max, scores[p]);
                }
                double sum = 0;
                for (int p = 0; p < len; p++) sum += scores[p] = Math.exp(scores[p] - max);
                for (int d = 0; d < hs; d++) {
                    double out = 0;
                    for (int p = 0; p < len; p++) out += scores[p] / sum * get(v, kvh + (long) p * kvStride + d);
                    set(y, yh + d, (float) out);
                }
            }
        }
    }

    @Override
    public void causalSoftmaxBackward(MemorySegment datt, MemorySegment att, int blocks, int t, int tk) {
        for (long r = 0; r < (long) blocks * t; r++) {
            long base = r * tk;
            double dot = 0;
            for (int j = 0; j < tk; j++) dot += (double) get(att, base + j) * get(datt, base + j);
            for (int j = 0; j < tk; j++) {
                set(datt, base + j, (float) (get(att, base + j) * (get(datt, base + j) - dot)));
            }
        }
    }

    @Override
    public void crossEntropyForward(
            MemorySegment losses, MemorySegment logSumExp, MemorySegment logits, MemorySegment targets, int n, int v) {
        for (int row = 0; row < n; row++) {
            int target = targets.getAtIndex(JAVA_INT, row);
            if (target < 0) {
                set(losses, row, 0f);
                set(logSumExp, row, 0f);
                continue;
            }
            long base = (long) row * v;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) max = Math.max(max, get(logits, base + j));
            double sum = 0;
            for (int j = 0; j < v; j++) sum += Math.exp(get(logits, base + j) - max);
            double lse = Math.log(sum) + max;
            set(logSumExp, row, (float) lse);
            set(losses, row, (float) (lse - get(logits, base + target)));
        }
    }

    @Override
    public void crossEntropyBackward(
            MemorySegment logits, MemorySegment logSumExp, MemorySegment targets, int n, int v, float scale) {
        for (int row = 0; row < n; row++) {
            int target = targets.getAtIndex(JAVA_INT, row);
            long base = (long) row * v;
            if (target < 0) {
                for (int j = 0; j < v; j++) set(logits, base + j, 0f);
                continue;
            }
            double lse = get(logSumExp, row);
            for (int j = 0; j < v; j++) {
                double p = Math.exp(get(logits, base + j) - lse);
                set(logits, base + j, (float) ((p - (j == target ? 1 : 0)) * scale));
            }
        }
    }

    @Override
    public double sumOfSquares(MemorySegment x, long count) {
        double sum = 0;
        for (long i = 0; i < count; i++) {
            double v = get(x, i);
            sum += v * v;
        }
        return sum;
    }

    @Override
    public void scale(MemorySegment x, long count, float s) {
        for (long i = 0; i < count; i++) set(x, i, get(x, i) * s);
    }

    @Override
    public void adamw(
            MemorySegment params,
            MemorySegment grads,
            MemorySegment m,
            MemorySegment v,
            long count,
            float lr,
            float beta1,
            float beta2,
            float eps,
            float weightDecay,
            int step) {
        AdamWMath k = new AdamWMath(lr, beta1, beta2, eps, weightDecay, step);
        for (long i = 0; i < count; i++) {
            float g = get(grads, i);
            float mi = beta1 * get(m, i) + (1 - beta1) * g;
            float vi = beta2 * get(v, i) + (1 - beta2) * g * g;
            float p = get(params, i) * k.decayFactor();
            float denom = (float) Math.sqrt(vi) / k.biasCorrection2Sqrt() + eps;
            set(params, i, p - k.stepSize() * mi / denom);
            set(m, i, mi);
            set(v, i, vi);
        }
    }
}
