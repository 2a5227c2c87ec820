"""Evidence and model answers by nearest neighbours: the resume-bullet retriever (FAISS) and the licensed answer bank."""
