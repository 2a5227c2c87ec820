"""The causal LM that writes questions and coaching texts: prompts, the torch and llama.cpp engines, question fit."""
