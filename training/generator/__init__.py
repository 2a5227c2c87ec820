"""The generator: LoRA training, evaluation, error analysis, reports, the GGUF adapter, question evaluation."""
