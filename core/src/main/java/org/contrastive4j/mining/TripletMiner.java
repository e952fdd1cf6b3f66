package org.contrastive4j.mining;

/**
 * Chooses which triplets of a labelled batch a triplet loss trains on. Miners read the batch's
 * similarity matrix (higher = closer, computed without gradient) and return indices; the loss
 * then scores the chosen triplets with gradients.
 */
public interface TripletMiner {
    /**
     * @param similarity [n][n] scores of every pair of the batch
     * @param labels the class of each row
     */
    Triplets mine(double[][] similarity, int[] labels);

    /** Whether a (anchor, positive) pair is valid: same label, different rows. */
    static boolean isPositive(int[] labels, int anchor, int other) {
        return anchor != other && labels[anchor] == labels[other];
    }
}
