"""The synthetic datasets built from data/sources/ (augmentation), their splits and data card."""
