"""The real-resume corpus and the resume-parsing evaluation."""
