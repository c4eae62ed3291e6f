"""The game's themes: its own look, a light one for projectors, and two high-contrast ones.

Colours live here and in theme variables only; the stylesheet uses ``$primary``,
``$accent`` and friends, never literal colours.
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "spring68"
HIGH_CONTRAST = "spring68-high-contrast"
PAPER = "spring68-paper"
CLASSROOM_THEME = PAPER
"""Classroom mode's theme until the teacher picks another (F2, F3): dark text on light, as projectors show best."""

THEMES: tuple[Theme, ...] = (
    Theme(
        name="spring68",
        primary="#D9644A",
        secondary="#5B8DBE",
        accent="#E8B45A",
        warning="#E8B45A",
        error="#E0574F",
        success="#7FB069",
        foreground="#E6E1D6",
        background="#17181C",
        surface="#202127",
        panel="#2B2C33",
        dark=True,
    ),
    Theme(
        name=PAPER,
        primary="#A63A25",
        secondary="#2E5E8C",
        accent="#8A5A00",
        warning="#8A5A00",
        error="#B3261E",
        success="#2F6B2F",
        foreground="#1E1B16",
        background="#FAF6EC",
        surface="#F1EBDD",
        panel="#E6DECB",
        dark=False,
    ),
    Theme(
        name=HIGH_CONTRAST,
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFF00",
        warning="#FFFF00",
        error="#FF5555",
        success="#00FF00",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1A1A1A",
        boost="#FFFFFF",
        dark=True,
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables={
            "block-cursor-background": "#FFFF00",
            "block-cursor-foreground": "#000000",
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": "#FFFFFF",
            "block-cursor-blurred-foreground": "#000000",
            "footer-key-foreground": "#FFFF00",
            "footer-description-foreground": "#FFFFFF",
            "footer-background": "#000000",
            "text-muted": "#FFFFFF",
            "link-color": "#00FFFF",
            "link-color-hover": "#000000",
            "link-background-hover": "#00FFFF",
            "scrollbar": "#FFFFFF",
            "scrollbar-background": "#000000",
            "border": "#FFFFFF",
            "border-blurred": "#AAAAAA",
        },
    ),
    Theme(
        name="spring68-high-contrast-light",
        primary="#0000B0",
        secondary="#00006E",
        accent="#000000",
        warning="#7A4A00",
        error="#A00000",
        success="#005A00",
        foreground="#000000",
        background="#FFFFFF",
        surface="#FFFFFF",
        panel="#EDEDED",
        dark=False,
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables={
            "block-cursor-background": "#000000",
            "block-cursor-foreground": "#FFFFFF",
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": "#555555",
            "block-cursor-blurred-foreground": "#FFFFFF",
            "footer-key-foreground": "#0000B0",
            "footer-description-foreground": "#000000",
            "footer-background": "#FFFFFF",
            "text-muted": "#000000",
            "link-color": "#0000B0",
            "link-color-hover": "#FFFFFF",
            "link-background-hover": "#0000B0",
            "scrollbar": "#000000",
            "scrollbar-background": "#FFFFFF",
            "border": "#000000",
            "border-blurred": "#555555",
        },
    ),
)

THEME_NAMES = tuple(theme.name for theme in THEMES)
