"""The VM: compiler, bytecode, heap and object model, interpreter."""
