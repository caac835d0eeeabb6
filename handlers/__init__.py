"""What the bot does, written once for every messenger."""
