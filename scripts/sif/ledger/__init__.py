"""The Beancount side: account names, trades, the validation plugin, balances."""
