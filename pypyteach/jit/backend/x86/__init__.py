"""The x86-64 backend: rx86 (encoder) and its instruction table."""
