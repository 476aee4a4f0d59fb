"""Content: typed models of playbooks and scenarios, safe YAML loading with positions,
the search path and the parsed-content cache. No terminal code lives here."""
