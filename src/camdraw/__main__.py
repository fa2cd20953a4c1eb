from camdraw.app import main

raise SystemExit(main())
