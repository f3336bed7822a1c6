"""pypyteach.jit"""
