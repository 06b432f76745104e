"""Web views of the enterprises app, one module per area (register, credit, public pages)."""
