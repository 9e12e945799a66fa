package org.dhtfl.ml;

/**
 * One pass of the model over one {@link RowBlock}: forward, softmax, loss, correct predictions and
 * (optionally) the block's share of the gradient. Holds the scratch matrices, so each thread needs its
 * own instance; nothing is allocated per pass.
 *
 * <p>The mathematics (per row): MLP: a = W^T x, z = (1, max(0, a)), o = V^T z; LOGISTIC: z = x, o = V^T x.
 * y = softmax(o), loss = -log(y[label] + 1e-6), e = r - y (r one-hot). Descent directions summed over
 * rows: G_V = z e^T, and for the MLP G_W = x ((V[1:] e) .* (a > 0))^T.
 */
final class BlockPass {
    /** Added to the probability of the true class inside the log, as the reference does. */
    static final double LOG_EPSILON = 1e-6;

    private final boolean mlp;
    private final int inputs;
    private final int hidden;
    private final int classes;
    /** Hidden pre-activations A, hidden x rows. */
    private final double[] preActivation;
    /** Hidden outputs Z with the bias row of ones first, (hidden + 1) x rows. */
    private final double[] hiddenOut;
    /** Outputs O, then exp(O - max), then R - Y, classes x rows. */
    private final double[] outputs;
    /** Back-propagated error at the hidden layer, hidden x rows. */
    private final double[] hiddenError;
    private final double[] rowMax;
    private final double[] rowSum;

    BlockPass(ModelShape shape, int maxRows) {
        mlp = shape.kind() == ModelKind.MLP;
        inputs = shape.inputs() + 1;
        hidden = shape.hidden();
        classes = shape.classes();
        preActivation = new double[hidden * maxRows];
        hiddenOut = new double[mlp ? (hidden + 1) * maxRows : 0];
        outputs = new double[classes * maxRows];
        hiddenError = new double[hidden * maxRows];
        rowMax = new double[maxRows];
        rowSum = new double[maxRows];
    }

    /**
     * Forward pass, loss and correct count into {@code result}; with {@code withGradient}, also the
     * block's gradient (overwriting {@code result}'s arrays).
     */
    void run(RowBlock block, double[] v, double[] w, boolean withGradient, BlockResult result) {
        int n = block.rows;
        double[] layer = forward(block, v, w);
        int layerRows = mlp ? hidden + 1 : inputs;
        result.correct = countCorrect(block);
        result.loss = softmaxLossAndError(block);
        if (withGradient) {
            Kernels.contract(layer, layerRows, outputs, classes, n, result.gradientV);
            if (mlp) {
                // Error at the hidden units: V[1:] (R - Y), masked by the ReLU's derivative (A > 0).
                Kernels.combine(v, classes, classes, 1, hidden, outputs, classes, n, hiddenError);
                int size = hidden * n;
                for (int i = 0; i < size; i++) {
                    hiddenError[i] = preActivation[i] > 0 ? hiddenError[i] : 0.0;
                }
                Kernels.contract(block.inputs, inputs, hiddenError, hidden, n, result.gradientW);
            }
        }
    }

    /** The predicted class (first arg max of the outputs) of each row, into {@code out} from index {@code from}. */
    void predict(RowBlock block, double[] v, double[] w, int[] out, int from) {
        int n = block.rows;
        forward(block, v, w);
        for (int t = 0; t < n; t++) {
            int best = 0;
            double bestValue = outputs[t];
            for (int c = 1; c < classes; c++) {
                double value = outputs[c * n + t];
                if (value > bestValue) {
                    bestValue = value;
                    best = c;
                }
            }
            out[from + t] = best;
        }
    }

    /** Computes O (and for the MLP, A and Z); returns the matrix feeding the output layer. */
    private double[] forward(RowBlock block, double[] v, double[] w) {
        int n = block.rows;
        double[] layer;
        if (mlp) {
            Kernels.combine(w, 0, 1, hidden, hidden, block.inputs, inputs, n, preActivation);
            for (int t = 0; t < n; t++) {
                hiddenOut[t] = 1.0;
            }
            int size = hidden * n;
            for (int i = 0; i < size; i++) {
                hiddenOut[n + i] = Math.max(0.0, preActivation[i]);
            }
            layer = hiddenOut;
        } else {
            layer = block.inputs;
        }
        Kernels.combine(v, 0, 1, classes, classes, layer, mlp ? hidden + 1 : inputs, n, outputs);
        return layer;
    }

    /** Rows whose first arg max of O is their label; also leaves each row's max in rowMax. */
    private int countCorrect(RowBlock block) {
        int n = block.rows;
        System.arraycopy(outputs, 0, rowMax, 0, n);
        for (int c = 1; c < classes; c++) {
            int offset = c * n;
            for (int t = 0; t < n; t++) {
                rowMax[t] = Math.max(rowMax[t], outputs[offset + t]);
            }
        }
        int correct = 0;
        int[] labels = block.labels;
        if (labels.length == 0) {
            return 0;
        }
        for (int t = 0; t < n; t++) {
            int label = labels[t];
            if (outputs[label * n + t] == rowMax[t] && isFirstMax(t, n, label)) {
                correct++;
            }
        }
        return correct;
    }

    /** Whether no class before {@code label} reaches the row's max (ties go to the first class). */
    private boolean isFirstMax(int t, int n, int label) {
        for (int c = 0; c < label; c++) {
            if (outputs[c * n + t] == rowMax[t]) {
                return false;
            }
        }
        return true;
    }

    /** Turns O into R - Y (softmax with the row max subtracted) and returns the summed loss. */
    private double softmaxLossAndError(RowBlock block) {
        int n = block.rows;
        int[] labels = block.labels;
        for (int t = 0; t < n; t++) {
            rowSum[t] = 0.0;
        }
        for (int c = 0; c < classes; c++) {
            int offset = c * n;
            for (int t = 0; t < n; t++) {
                double e = Math.exp(outputs[offset + t] - rowMax[t]);
                outputs[offset + t] = e;
                rowSum[t] += e;
            }
        }
        double logSum = 0.0;
        for (int t = 0; t < n; t++) {
            logSum += Math.log(outputs[labels[t] * n + t] / rowSum[t] + LOG_EPSILON);
        }
        for (int c = 0; c < classes; c++) {
            int offset = c * n;
            for (int t = 0; t < n; t++) {
                outputs[offset + t] = -(outputs[offset + t] / rowSum[t]);
            }
        }
        for (int t = 0; t < n; t++) {
            outputs[labels[t] * n + t] += 1.0;
        }
        return -logSum;
    }
}
