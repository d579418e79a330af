"""The bundled app's entry point: exactly the `kapnotes` command (GUI without a command)."""

from kapnotes.app import main

if __name__ == "__main__":
    main()
