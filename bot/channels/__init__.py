"""Chat channel transports (Telegram, Zalo): wire protocols only, no conversation logic."""
