package ai.enclave.runtime.backend;

/**
 * Scalar GELU forms shared by the reference kernels: the tanh approximation GPT-2 uses
 * ("gelu_new") and the exact erf form MPT uses. Java has no erf, so it is the Abramowitz-Stegun
 * 7.1.26 fit (absolute error below 1.5e-7), the same polynomial the vector kernel evaluates.
 */
final class GeluMath {
    static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    static final double GELU_CUBIC = 0.044715;
    static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    static final double ERF_P = 0.3275911;
    static final double ERF_A1 = 0.254829592;
    static final double ERF_A2 = -0.284496736;
    static final double ERF_A3 = 1.421413741;
    static final double ERF_A4 = -1.453152027;
    static final double ERF_A5 = 1.061405429;

    private GeluMath() {}

    static double erf(double x) {
        double ax = Math.abs(x);
        double t = 1.0 / (1.0 + ERF_P * ax);
        double poly = t * (ERF_A1 + t * (ERF_A2 + t * (ERF_A3 + t * (ERF_A4 + t * ERF_A5))));
        double y = 1.0 - poly * Math.exp(-ax * ax);
        return x < 0 ? -y : y;
    }

    static double tanhGelu(double x) {
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        return 0.5 * x * (1.0 + Math.tanh(u));
    }

    static double tanhGeluGrad(double x) {
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        double th = Math.tanh(u);
        double sech2 = 1.0 - th * th;
        return 0.5 * (1.0 + th) + 0.5 * x * sech2 * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
    }

    static double erfGelu(double x) {
        return 0.5 * x * (1.0 + erf(x * INV_SQRT_2));
    }

    static double erfGeluGrad(double x) {
        return 0.5 * (1.0 + erf(x * INV_SQRT_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
