from kapnotes.app import main

main()
