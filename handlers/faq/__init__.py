"""Chat side of the FAQ: answers, suggestions, feedback, topics."""
