"""Locating and loading the models of DESIGN.md §2 (settings → checkpoints → embedded), and what the Models page says about them."""
