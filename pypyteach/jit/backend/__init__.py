"""Machine-code backends: shared lowering and one package per architecture."""
