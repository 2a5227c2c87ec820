"""A spoken answer: audio decoding, recording checks, Whisper transcription, the transcript and its delivery figures."""
