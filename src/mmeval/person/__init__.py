"""What a person tells mmeval: their answers, read forgivingly."""
