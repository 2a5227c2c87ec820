"""The bullet retriever: training, metrics, and the evidence evaluation on real resumes."""
