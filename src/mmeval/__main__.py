from mmeval.entry import main

main()
