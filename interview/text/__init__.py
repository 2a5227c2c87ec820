"""Reading text, shared by every layer: cleaning user text, sentences and STAR parts, domain vocabulary, checks that keep text from gaming a score, language."""
