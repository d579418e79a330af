"""The main window: its menus and actions, and the controllers behind them."""
