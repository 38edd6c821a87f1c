package org.dsodenet.data;

/** The two parts of a dataset divided for training and testing; they share no image. */
public record Split(Dataset train, Dataset test) {}
