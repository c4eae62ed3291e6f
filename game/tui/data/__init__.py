"""Pure data for the screens: derived from the story and the state, never imports Textual."""
