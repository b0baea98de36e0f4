"""Page scripts run by st.navigation (dashboard/app.py); each renders, none queries."""
