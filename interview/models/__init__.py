"""Locating and loading the models of DESIGN.md §2 (settings → checkpoints → embedded), and what the Models
page says about them. Importing this package changes nothing: the loaders set the offline flags they need
(offline.py)."""
