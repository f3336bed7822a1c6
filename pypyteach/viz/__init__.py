"""pypyteach.viz"""
