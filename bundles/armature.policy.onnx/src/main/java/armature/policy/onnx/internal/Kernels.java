package armature.policy.onnx.internal;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The BLAS calls the plan makes on ND4J's own buffers, through the OpenBLAS build ND4J links (the
 * same openblas_nolapack binding ND4J's CpuLevel2/3 use). Measured on the 64-256-256-20 MLP: sgemm
 * with one row costs ~36 us where sgemv costs ~4 us, and Nd4j.gemm adds its checks on top (~57 us);
 * so one row goes to sgemv and several to sgemm. Elementwise products use sbmv with bandwidth 0 (y
 * = alpha*a.*x + beta*y), one native call without the allocation ND4J's custom MulOp makes per
 * call.
 */
final class Kernels {
    private Kernels() {}

    /**
     * C[m,n] = alpha * op(A) * op(B) + beta * C, all row-major and contiguous; A is [m,k] (or [k,m]
     * with transA), B is [k,n] (or [n,k] with transB).
     */
    static void gemm(
            int m,
            int n,
            int k,
            boolean transA,
            boolean transB,
            float alpha,
            FloatPointer a,
            FloatPointer b,
            float beta,
            FloatPointer c) {
        if (m == 1) {
            // one row: y = op(B)^T a; A's single row (or column) is contiguous either way
            if (transB) {
                openblas_nolapack.cblas_sgemv(
                        CblasRowMajor, CblasNoTrans, n, k, alpha, b, k, a, 1, beta, c, 1);
            } else {
                openblas_nolapack.cblas_sgemv(
                        CblasRowMajor, CblasTrans, k, n, alpha, b, n, a, 1, beta, c, 1);
            }
            return;
        }
        openblas_nolapack.cblas_sgemm(
                CblasRowMajor,
                transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans,
                m,
                n,
                k,
                alpha,
                a,
                transA ? m : k,
                b,
                transB ? k : n,
                beta,
                c,
                n);
    }

    /**
     * C[m,n] += alpha * row broadcast over the m rows (a bias): a rank-1 update with a ones column.
     */
    static void addRows(
            int m, int n, float alpha, FloatPointer ones, FloatPointer row, FloatPointer c) {
        if (m == 1) {
            openblas_nolapack.cblas_saxpy(n, alpha, row, 1, c, 1);
        } else {
            openblas_nolapack.cblas_sger(CblasRowMajor, m, n, alpha, ones, 1, row, 1, c, n);
        }
    }

    /** C[m,n] = the row repeated over m rows (a bias as the starting value of a gate). */
    static void fillRows(int m, int n, FloatPointer ones, FloatPointer row, FloatPointer c) {
        if (m == 1) {
            openblas_nolapack.cblas_scopy(n, row, 1, c, 1);
        } else {
            openblas_nolapack.cblas_sgemm(
                    CblasRowMajor,
                    CblasNoTrans,
                    CblasNoTrans,
                    m,
                    n,
                    1,
                    1f,
                    ones,
                    1,
                    row,
                    n,
                    0f,
                    c,
                    n);
        }
    }

    /** y = alpha * x + y over n elements. */
    static void axpy(int n, float alpha, FloatPointer x, FloatPointer y) {
        openblas_nolapack.cblas_saxpy(n, alpha, x, 1, y, 1);
    }

    static void copy(int n, FloatPointer from, FloatPointer to) {
        openblas_nolapack.cblas_scopy(n, from, 1, to, 1);
    }

    /** y = a .* x + beta * y over n elements (a diagonal matrix-vector product). */
    static void multiply(int n, FloatPointer a, FloatPointer x, float beta, FloatPointer y) {
        openblas_nolapack.cblas_ssbmv(CblasRowMajor, CblasUpper, n, 0, 1f, a, 1, x, 1, beta, y, 1);
    }
}
