"""Reports: Markdown, self-contained HTML (inline SVG), and later CSV/XLSX. No Textual."""
