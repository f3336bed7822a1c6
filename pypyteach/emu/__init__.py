"""pypyteach.emu"""
