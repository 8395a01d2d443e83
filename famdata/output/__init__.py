"""How views become things people look at or take home: plotly charts (projector, screen and print
themes), CSV/Excel exports, PDFs printed by the computer's own Chromium, folder labels."""
