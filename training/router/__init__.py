"""The router: training, real + synthetic refit, metrics, the real-data evaluation."""
