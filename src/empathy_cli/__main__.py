from empathy_cli.cli.app import main

main()
