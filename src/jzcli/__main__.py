from jzcli.cli.app import main

main()
